/**
 * Spring Cloud Gateway's header filters, made to copy the headers only when there is something
 * to remove: its own filters copy every header of every request and answer, although what they
 * remove (hop-by-hop, untrusted {@code Forwarded} and {@code X-Forwarded-*}) is rarely there.
 */
@NullMarked
package dev.beacon.gateway.headers;

import org.jspecify.annotations.NullMarked;
