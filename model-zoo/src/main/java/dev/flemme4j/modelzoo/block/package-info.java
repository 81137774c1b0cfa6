/**
 * Block primitives every network is made of: the {@link NetworkBlock} base (parameters, ONNX export, description), chains, dense layers, activations, dropout, and how time/condition context travels through a forward pass.
 */
package dev.flemme4j.modelzoo.block;
