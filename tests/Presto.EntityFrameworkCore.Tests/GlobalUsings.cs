global using Microsoft.EntityFrameworkCore;
global using Presto.EntityFrameworkCore.Tests.Model;
