/**
 * Encoders and decoders of the image and vector families (CNN, UNet, DNet, FCN) and the stage flow they share.
 */
package dev.flemme4j.modelzoo.encoder;
