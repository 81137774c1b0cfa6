/**
 * {@code model.encoder}: the declared keys ({@link dev.flemme4j.modelzoo.config.encoder.EncoderKeys}) and parsers of
 * the CNN family and FCN into {@link dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec}, with the attention
 * settings of the stages. The encoder names are registered in {@code dev.flemme4j.modelzoo.encoder.ImageEncoders}.
 */
package dev.flemme4j.modelzoo.config.encoder;
