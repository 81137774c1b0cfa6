/**
 * Flemme's architectures as networks: encoder-decoder (SeM, AE), hierarchical (HSeM, HAE), variational (VAE) and classification (ClM), and how conditions join them.
 */
package dev.flemme4j.modelzoo.architecture;
