/**
 * Problem details for every failure the gateway answers.
 */
@NullMarked
package dev.beacon.gateway.problems;

import org.jspecify.annotations.NullMarked;
