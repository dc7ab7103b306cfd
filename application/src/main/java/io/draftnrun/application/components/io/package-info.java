/**
 * Input and output blocks. {@link io.draftnrun.application.components.io.InputComponent} is the start block of every
 * new project: it keeps the request keys its payload schema names and supplies the schema's values for missing keys.
 */
package io.draftnrun.application.components.io;
