/** Datasets on the coordinator side: scanning folders into sample pairs, train/val splits, transforms, encoding samples and ingesting them into per-dataset data topics. */
package dev.flemme4j.coordinator.dataset;
