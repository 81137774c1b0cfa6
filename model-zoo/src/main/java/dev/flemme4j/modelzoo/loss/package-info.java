/**
 * Flemme's losses on DJL arrays (MSE/L1, BCE, CE, Dice, SSIM, KL) and their weighted sum.
 */
package dev.flemme4j.modelzoo.loss;
