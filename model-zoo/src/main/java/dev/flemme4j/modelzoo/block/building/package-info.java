/**
 * Flemme's building blocks (single/double/res conv and dense) and the stages of several building blocks that encoders and decoders are made of.
 */
package dev.flemme4j.modelzoo.block.building;
