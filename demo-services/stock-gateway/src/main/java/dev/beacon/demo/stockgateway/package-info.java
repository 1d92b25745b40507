/**
 * A stock Spring Cloud Gateway application that discovers its routes through Beacon.
 */
@NullMarked
package dev.beacon.demo.stockgateway;

import org.jspecify.annotations.NullMarked;
