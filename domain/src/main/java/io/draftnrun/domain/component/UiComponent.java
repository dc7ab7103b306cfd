package io.draftnrun.domain.component;

import java.util.Arrays;

/** The editor widget that edits a parameter, with the reference's wire names. */
public enum UiComponent {
    AUTOCOMPLETE("Autocomplete"),
    CHECKBOX("Checkbox"),
    COMBOBOX("Combobox"),
    DATE_TIME_PICKER("Date Time Picker"),
    EDITORS("Editors"),
    FILE_INPUT("File Input"),
    RADIO("Radio"),
    CUSTOM_INPUT("Custom Input"),
    RANGE_SLIDER("Range Slider"),
    RATING("Rating"),
    SELECT("Select"),
    SLIDER("Slider"),
    SWITCH("Switch"),
    TEXTAREA("Textarea"),
    TEXTFIELD("Textfield");

    private final String wireName;

    UiComponent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static UiComponent fromWireName(String name) {
        return Arrays.stream(values())
                .filter(u -> u.wireName.equalsIgnoreCase(name) || u.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown ui component: " + name));
    }
}
