/** What the catalog needs from outside: a store the seed command writes the catalog to. */
package io.draftnrun.application.component.port;
