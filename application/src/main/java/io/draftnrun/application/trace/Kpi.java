package io.draftnrun.application.trace;

import java.util.Optional;

/**
 * One indicator of the monitoring view (spec 6.3): its title, colour and icon, the value as shown ({@code stats}) and
 * raw, and the change against the previous period in percent (empty = N/A).
 */
public record Kpi(String title, String color, String icon, String stats, double value, Optional<Double> change) {}
