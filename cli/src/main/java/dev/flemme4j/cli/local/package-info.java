/**
 * What {@code flemme local} reports after training: the held-out evaluation of the served model and its picture of
 * scored cases, or for a generative model a grid of samples from its served /sample ({@link dev.flemme4j.cli.local.SampleGrid}).
 */
package dev.flemme4j.cli.local;
