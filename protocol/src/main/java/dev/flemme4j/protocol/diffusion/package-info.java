/**
 * Engine-free diffusion arithmetic shared by the trainer (DJL) and serving (ONNX Runtime): Flemme's noise
 * schedules, DDIM step grids and the Karras σ grid, and the DDPM, DDIM and EDM samplers written once over an
 * {@link dev.flemme4j.protocol.diffusion.EpsFunction} on flat float arrays, so the same loop runs around a DJL
 * network or an ORT session. {@link dev.flemme4j.protocol.diffusion.DiffusionSettings} is what a model's manifest
 * carries so that serving needs nothing but the artifact.
 */
package dev.flemme4j.protocol.diffusion;
