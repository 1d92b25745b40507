/**
 * The Beacon registry's wire contract and a plain Java client for it. The records are the
 * documents of the registry's v1 API, {@link dev.beacon.client.WireCodec} reads and writes
 * them, {@link dev.beacon.client.RegistryClient} makes the calls and
 * {@link dev.beacon.client.ChangeStream} follows the change stream. The registry server and the
 * Spring Boot starter use this package too, so neither side can drift from the other.
 */
@NullMarked
package dev.beacon.client;

import org.jspecify.annotations.NullMarked;
