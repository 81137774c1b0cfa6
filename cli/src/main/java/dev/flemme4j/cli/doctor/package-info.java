/** What {@code flemme doctor} reports beyond the host and kernels: the engines and devices, and the ports. */
package dev.flemme4j.cli.doctor;
