package io.draftnrun.application.trace;

import java.util.List;
import java.util.Optional;

/** A chart of the monitoring view in the shape of spec 6.4 ({@code type} line or bar; labels and datasets). */
public record Chart(
        String id,
        String type,
        String title,
        List<String> labels,
        List<Dataset> datasets,
        Optional<String> xAxisType,
        Optional<String> yAxisType) {
    public Chart {
        labels = List.copyOf(labels);
        datasets = List.copyOf(datasets);
    }

    public record Dataset(
            String label,
            List<Double> data,
            Optional<String> borderColor,
            Optional<String> backgroundColor,
            Optional<Boolean> fill) {
        public Dataset {
            data = List.copyOf(data);
        }
    }
}
