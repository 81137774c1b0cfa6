/**
 * Diffusion models on the DJL side: the specs of DDPM/DDIM/EDM and of the latent (LDM, 2024 LDPM/LDIM) and
 * supervised (SDM, 2024 SDPM/SDIM) wrappers with their keys, parser and registration, the training objective
 * ({@link dev.flemme4j.modelzoo.diffusion.DiffusionObjective}) and the eager eps-model as an
 * {@link dev.flemme4j.protocol.diffusion.EpsFunction} for the shared samplers.
 */
package dev.flemme4j.modelzoo.diffusion;
