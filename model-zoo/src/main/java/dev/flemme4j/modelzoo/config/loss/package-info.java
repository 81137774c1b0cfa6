/**
 * Loss lists of the model: the registry of loss names ({@link dev.flemme4j.modelzoo.config.loss.LossTypes}), where
 * each may stand ({@link dev.flemme4j.modelzoo.config.loss.LossUse}), their specs and {@code loss_reduction}.
 */
package dev.flemme4j.modelzoo.config.loss;
