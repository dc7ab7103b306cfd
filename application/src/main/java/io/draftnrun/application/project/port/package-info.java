/** Outbound ports of the project slice: the store of projects, their bindings and their graph versions. */
package io.draftnrun.application.project.port;
