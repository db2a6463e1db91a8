/**
 * What the publisher adds to core's engine connection: the clean-up of its test containers and
 * folders ({@code ContainerJanitor}). Uses core (docker, image) only.
 */
package org.siplims.publisher.engine;
