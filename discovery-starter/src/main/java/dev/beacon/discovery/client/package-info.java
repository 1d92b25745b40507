/**
 * Calls to the registry's v1 API and its change stream.
 */
@NullMarked
package dev.beacon.discovery.client;

import org.jspecify.annotations.NullMarked;
