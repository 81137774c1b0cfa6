/**
 * Decoded images and volumes: PNG/JPEG and NIfTI-1 decoding, the float image a dataset sample is between decoding
 * and its tensor record ({@link dev.flemme4j.protocol.image.SpatialImage}, its geometry in a class of its own), and
 * the serving side's preprocessing and mask encoding.
 */
package dev.flemme4j.protocol.image;
