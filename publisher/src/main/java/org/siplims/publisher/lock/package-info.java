/**
 * Regenerating the conda and pip lock files from an image that works, checked as preflight
 * checks them before either file is replaced. Uses core, publisher.engine, publisher.preflight and the
 * root failure types.
 */
package org.siplims.publisher.lock;
