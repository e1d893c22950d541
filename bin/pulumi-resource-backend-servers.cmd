@echo off
rem The backend-servers resource provider plugin, started by the Pulumi engine (docs/plugin.md).
node "%~dp0pulumi-resource-backend-servers" %*
