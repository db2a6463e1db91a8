/**
 * The maintainer's live-edit loop ({@code scripts/publish dev}): the working tree's app in the
 * container users get, built from core's shared {@code AppContainerSpec}, with a rebuild only when
 * the environment layers changed ({@code publisher.build.EnvironmentInputs}). Uses core, {@code publisher.build},
 * {@code publisher.config} and {@code publisher.failure}.
 */
package org.siplims.publisher.dev;
