package dev.footfall.query;

/** One {@code order_by} entry: a queried metric or dimension, ascending or descending. */
public record Order(String name, boolean descending) {}
