/** The Input block: the start node that receives a run's request, with its defaults and key whitelist. */
package io.draftnrun.application.components.io;
