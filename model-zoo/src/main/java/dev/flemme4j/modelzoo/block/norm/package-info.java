/**
 * Normalisation layers: batch, group, instance and layer normalisation, with the per-channel affine they share.
 */
package dev.flemme4j.modelzoo.block.norm;
