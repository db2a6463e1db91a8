/**
 * Testing an image by its ID before anything is pushed: the version command, a smoke run that
 * must answer the health path, and the configured extra commands. Uses core.image, publisher.config,
 * publisher.engine, publisher.records and publisher.failure.
 */
package org.siplims.publisher.imagetest;
