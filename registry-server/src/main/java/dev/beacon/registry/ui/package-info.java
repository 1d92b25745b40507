/**
 * The web dashboard's server side: its files under {@code /ui/}, the sessions a registry token
 * is exchanged for, and their protection against cross-site requests.
 */
@NullMarked
package dev.beacon.registry.ui;

import org.jspecify.annotations.NullMarked;
