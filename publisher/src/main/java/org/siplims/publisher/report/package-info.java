/**
 * Where output goes (progress on stderr, the report or the JSON record on stdout, from records
 * through one shared Jackson mapper) and the summary of a release. Uses core (image, release),
 * publisher.registry and publisher.signing.
 */
package org.siplims.publisher.report;
