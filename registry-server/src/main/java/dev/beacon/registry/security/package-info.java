/**
 * Bearer tokens with read and write roles for the v1 API.
 */
@NullMarked
package dev.beacon.registry.security;

import org.jspecify.annotations.NullMarked;
