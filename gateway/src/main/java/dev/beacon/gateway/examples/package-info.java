/**
 * Beans the example routes of the examples profile use.
 */
@NullMarked
package dev.beacon.gateway.examples;

import org.jspecify.annotations.NullMarked;
