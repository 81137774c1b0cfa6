/**
 * Diffusion on the DJL side: the training objective of DDPM/DDIM/EDM ({@link dev.flemme4j.modelzoo.diffusion.DiffusionObjective})
 * and the eager eps-model as an {@link dev.flemme4j.protocol.diffusion.EpsFunction} for the shared samplers.
 */
package dev.flemme4j.modelzoo.diffusion;
