// The backend servers behind Alibaba Cloud CLB, Alibaba ENS and Huawei Cloud ELB load balancers, reconciled in the fewest API calls.
package backendservers
