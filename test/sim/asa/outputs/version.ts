// `show version` (first lines), for connection tests.
export const SHOW_VERSION = `
Cisco Adaptive Security Appliance Software Version 9.12(4)56 
SSP Operating System Version 2.6(1.224)
Device Manager Version 7.12(2)

Compiled on Wed 15-Sep-21 11:29 GMT by builders
System image file is "disk0:/asa9-12-4-56-lfbff-k8.SPA"
Config file at boot was "startup-config"

fw-edge1 up 112 days 4 hours
failover cluster up 1 year 12 days

Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)
Serial Number: JAD21410ABC`;
