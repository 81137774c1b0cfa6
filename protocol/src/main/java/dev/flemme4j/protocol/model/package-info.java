/**
 * The exported model's manifest (inputs, outputs, task, pre/post-processing, diffusion settings, sha256) that
 * serving needs besides the ONNX file, and its integrity errors.
 */
package dev.flemme4j.protocol.model;
