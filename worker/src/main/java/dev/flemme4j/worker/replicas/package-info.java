/** Data-parallel replicas: parameter averaging between the workers that train one job attempt together. */
package dev.flemme4j.worker.replicas;
