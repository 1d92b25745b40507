package dev.beacon.registry.ui;

import org.jspecify.annotations.Nullable;

/**
 * The sign-in form's body.
 *
 * @param token the registry token typed in
 */
record SignIn(@Nullable String token) {
}
