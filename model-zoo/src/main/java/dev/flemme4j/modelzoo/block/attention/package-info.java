/**
 * Attention blocks of the image family: self-attention, FFT attention, channel attention (ECA), and the stack a building block appends.
 */
package dev.flemme4j.modelzoo.block.attention;
