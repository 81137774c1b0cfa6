/**
 * Spatial layers resolved by dimension (2D/3D): convolution, the exact polyphase transposed convolution, pooling, and Flemme's down- and up-sampling stages.
 */
package dev.flemme4j.modelzoo.block.conv;
