/**
 * The publisher's entry point ({@code Main}), the steps of a release put together
 * ({@code Publisher}), its exit codes and the failure that carries one ({@code PublisherFailure}).
 * Today the step packages use {@code ExitCode}/{@code PublisherFailure} from here while
 * {@code Publisher} uses every step, which is a package cycle; the failure types are meant to move to
 * a leaf package that every step may use. Uses core and the publisher's packages; never the launcher.
 */
package org.siplims.publisher;
