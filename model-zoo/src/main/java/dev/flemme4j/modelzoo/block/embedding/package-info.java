/**
 * Embeddings of positions, time steps and conditions (sinusoid, one-hot, identity, patch, absolute position) and how a context vector is projected and injected into a block.
 */
package dev.flemme4j.modelzoo.block.embedding;
