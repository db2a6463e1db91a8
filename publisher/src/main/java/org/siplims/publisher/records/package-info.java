/**
 * What the publisher remembers on disk between commands: the last build of a context and each
 * image's passing test record, which {@code push} requires.
 */
package org.siplims.publisher.records;
