/**
 * Vision-transformer blocks (Flemme's ViT and Swin families) on channels-first feature maps {@code (B, C, *L)}:
 * transformer blocks with global or shifted-window attention, patch merging and expansion, drop path. Upstream
 * keeps these tensors channels-last; every block here computes the same numbers with channels on axis 1, so the
 * norms, dense layers and context injections of the CNN family are reused unchanged.
 */
package dev.flemme4j.modelzoo.block.transformer;
