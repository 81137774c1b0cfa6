/**
 * Flemme's transformer image encoders and decoders: ViT/Swin (plain), ViTU/SwinU (U-shaped skips) and
 * ViTD/SwinD (dense connections between stages), 2D and 3D, built from {@code block.transformer}.
 */
package dev.flemme4j.modelzoo.encoder.transformer;
