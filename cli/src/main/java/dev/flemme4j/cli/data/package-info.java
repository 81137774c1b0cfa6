/**
 * The synthetic shapes dataset of {@code flemme data shapes} and {@code flemme local}: random ellipses and polygons with
 * noise, their masks, written as 8-bit grey PNG files.
 */
package dev.flemme4j.cli.data;
