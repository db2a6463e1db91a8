/**
 * Plain values that name images: references as Docker parses them, digests and platforms. Uses
 * only the root package; registries, the engine and signatures build on these, never the other way
 * round (ArchitectureTest checks it).
 */
package org.siplims.core.image;
