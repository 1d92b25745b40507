/**
 * The v1 HTTP API: translates requests to store calls and refusals to problem details.
 */
@NullMarked
package dev.beacon.registry.web;

import org.jspecify.annotations.NullMarked;
