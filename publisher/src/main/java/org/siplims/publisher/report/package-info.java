/**
 * Where output goes (progress on stderr, the report or the JSON record on stdout) and the
 * summary of a release. Uses core (image, release), publisher.registry and publisher.signing (signing uses
 * report today as well: a cycle to remove).
 */
package org.siplims.publisher.report;
