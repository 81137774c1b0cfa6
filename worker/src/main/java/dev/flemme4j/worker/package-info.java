/** The worker process: options, device selection and CPU kernel checks, metrics, and the wiring of command loop to training. */
package dev.flemme4j.worker;
