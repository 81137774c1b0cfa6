/**
 * Which model versions are served: the registry with leases for hot swap, and the two ways versions arrive (model directories polled on disk, releases on the models topic).
 */
package dev.flemme4j.serving.model;
